# syntax=docker/dockerfile:1

# function-guardrails runtime image: built with Node.js, run on distroless
# Node.js as a non-root user, on a read-only root filesystem.
#
# Both stages use the same Node.js major: the current LTS line (Node.js 26,
# Active LTS from 2026-10-28 to 2027-10-20, end of life 2029-04-30, per the
# Node.js release schedule). The package build and push recipe is in the
# README ("Package"): one image tarball per platform, one xpkg per platform
# (`crossplane xpkg build --package-root=package --embed-runtime-image-tarball=...`),
# and `crossplane xpkg push` of both as one multi-platform package.

ARG NODE_MAJOR=26

# The build stage runs on the builder's own platform: its output (compiled
# JavaScript and pure-JavaScript dependencies) is the same for every target,
# so a multi-platform build needs no emulation. check-portable keeps it so:
# it fails the build if a production dependency is specific to one platform
# (npm would have installed the builder's variant).
FROM --platform=$BUILDPLATFORM node:${NODE_MAJOR}-trixie-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Install without lifecycle scripts: `prepare` builds, and the sources are not here yet.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/check-portable.mjs ./scripts/
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && node scripts/check-portable.mjs node_modules

# The runtime stage only copies files: nothing runs at build time, and at
# run time nothing is written (no npm, no compile cache, no temporary files),
# so the container runs with readOnlyRootFilesystem and no capabilities.
FROM gcr.io/distroless/nodejs${NODE_MAJOR}-debian13:nonroot AS runtime
LABEL org.opencontainers.image.title="function-guardrails" \
      org.opencontainers.image.source="https://github.com/function-guardrails/function-guardrails" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /function
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
ENV NODE_ENV=production \
    NODE_DISABLE_COMPILE_CACHE=1
# Numeric, so the kubelet can verify runAsNonRoot (a user name cannot be checked).
USER 65532:65532
# 9443: the function (gRPC, mTLS); 8080: /metrics, /healthz, /readyz (HTTP).
EXPOSE 9443 8080
# Crossplane mounts the server certificates at /tls/server and sets TLS_SERVER_CERTS_DIR.
ENTRYPOINT ["/nodejs/bin/node", "dist/main.js"]
