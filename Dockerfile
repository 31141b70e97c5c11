# syntax=docker/dockerfile:1
# Multi-stage: build with the .NET SDK, run on the smaller ASP.NET runtime as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props KnowledgeBase.sln ./
COPY src/KnowledgeBase/KnowledgeBase.csproj src/KnowledgeBase/
RUN dotnet restore src/KnowledgeBase/KnowledgeBase.csproj -r linux-x64
COPY src/ src/
COPY wwwroot/ wwwroot/
# ReadyToRun: precompiled code starts faster (see docs/perf.md).
RUN dotnet publish src/KnowledgeBase/KnowledgeBase.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
# curl for the HEALTHCHECK only.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /app ./
COPY content/ /app/content/
RUN mkdir -p /app/data && chown -R app:app /app/data
ENV ASPNETCORE_URLS=http://+:8080 \
    KnowledgeBase__ContentPath=/app/content \
    ConnectionStrings__KnowledgeBase="Data Source=/app/data/knowledgebase.db" \
    DOTNET_gcServer=0
USER app
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "KnowledgeBase.dll"]
