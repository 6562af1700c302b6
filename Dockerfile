# syntax=docker/dockerfile:1
# The PullDoctor image: `pulldoctor run` (the operator) by default; the other verbs work too
# (`docker run IMAGE explain -`).
#
# Built with the .NET 10 SDK on the build machine's platform (cross-compiling to TARGETARCH, so a multi-arch
# `docker buildx build --platform linux/amd64,linux/arm64` needs no emulation), run on the chiseled ASP.NET Core
# runtime: Ubuntu 24.04 "noble" with no shell and no package manager, as a numeric non-root user.
#
# Framework-dependent, not trimmed or Native AOT: the trimmed build loses KubernetesClient's watch and kubeconfig
# deserialization (measured, see charts/pulldoctor/README.md, "The container image").
#
# tests/PullDoctor.Packaging.Tests/Packaging/DockerfileTests.cs runs this file's `dotnet` commands and the published
# binary, since no Docker engine runs in CI.

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TARGETARCH
WORKDIR /src
# Restore from the project files alone, so the package layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/PullDoctor.Core/PullDoctor.Core.csproj src/PullDoctor.Core/
COPY src/PullDoctor.Registry/PullDoctor.Registry.csproj src/PullDoctor.Registry/
COPY src/PullDoctor.Operator/PullDoctor.Operator.csproj src/PullDoctor.Operator/
COPY src/PullDoctor/PullDoctor.csproj src/PullDoctor/
RUN dotnet restore src/PullDoctor/PullDoctor.csproj -a $TARGETARCH
COPY src/ src/
RUN dotnet publish src/PullDoctor/PullDoctor.csproj --no-restore -a $TARGETARCH -c Release -o /app -p:DebugType=none

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
LABEL org.opencontainers.image.title="pulldoctor" \
      org.opencontainers.image.description="Why a pod is stuck in ErrImagePull / ImagePullBackOff, and the fix."
WORKDIR /app
COPY --from=build /app ./
# `pulldoctor` is the apphost in /app; exec-form ENTRYPOINT finds it through PATH (there is no shell).
ENV PATH=/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# Workstation, non-concurrent GC, as the chart sets it (README "Performance"): one small heap, no background GC thread.
ENV DOTNET_gcServer=0 \
    DOTNET_gcConcurrent=0
# 1654 is the base image's "app" user; numeric, so the kubelet can check runAsNonRoot.
USER 1654
EXPOSE 8080
ENTRYPOINT ["pulldoctor"]
CMD ["run"]
