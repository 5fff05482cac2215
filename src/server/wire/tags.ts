/**
 * Wire tags (field number << 3 | wire type) of the RunFunction messages, as
 * they appear on the wire: `T<field>_LEN` for a length-delimited field,
 * `T<field>_VARINT` for a varint. Shared by the decoder and the encoder.
 */
export const T1_VARINT = 0x08;
export const T1_LEN = 0x0a;
export const T2_VARINT = 0x10;
export const T2_LEN = 0x12;
export const T3_VARINT = 0x18;
export const T3_LEN = 0x1a;
export const T4_VARINT = 0x20;
export const T4_LEN = 0x22;
export const T5_VARINT = 0x28;
export const T5_LEN = 0x2a;
export const T6_LEN = 0x32;
export const T7_LEN = 0x3a;
export const T8_LEN = 0x42;
export const T9_LEN = 0x4a;

/** The kinds of a google.protobuf.Value (its oneof fields 1 to 6). */
export const NULL_VALUE = 0x08;
export const NUMBER_VALUE = 0x11;
export const STRING_VALUE = 0x1a;
export const BOOL_VALUE = 0x20;
export const STRUCT_VALUE = 0x2a;
export const LIST_VALUE = 0x32;
