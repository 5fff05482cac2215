export { runFunction } from './function/handler.js';
