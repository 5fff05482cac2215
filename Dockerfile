# syntax=docker/dockerfile:1

# function-guardrails: build with Node.js, run on distroless Node.js as non-root.
# Build the image, then the package:
#   docker build -t function-guardrails-runtime .
#   crossplane xpkg build -f package --embed-runtime-image=function-guardrails-runtime -o function-guardrails.xpkg

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Install without lifecycle scripts: `prepare` builds, and the sources are not here yet.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM gcr.io/distroless/nodejs${NODE_VERSION}-debian12:nonroot AS runtime
WORKDIR /function
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
ENV NODE_ENV=production
USER 65532:65532
EXPOSE 9443
# Crossplane mounts the server certificates at /tls/server and sets TLS_SERVER_CERTS_DIR.
ENTRYPOINT ["/nodejs/bin/node", "dist/main.js"]
