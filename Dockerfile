# Multi-stage: build with the .NET SDK, run on the smaller ASP.NET runtime as a non-root user.
# (No "# syntax=" line: the built-in frontend is enough, and offline builders cannot fetch another.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props KnowledgeBase.sln ./
COPY src/KnowledgeBase/KnowledgeBase.csproj src/KnowledgeBase/
# Restore with exactly the properties publish uses: ReadyToRun needs the runtime's crossgen pack in the
# assets file, or "publish --no-restore" fails with NETSDK1094.
ARG RID=linux-x64
RUN dotnet restore src/KnowledgeBase/KnowledgeBase.csproj -r $RID -p:SelfContained=false -p:PublishReadyToRun=true
COPY src/ src/
COPY wwwroot/ wwwroot/
# ReadyToRun: precompiled code starts faster (see docs/perf.md).
RUN dotnet publish src/KnowledgeBase/KnowledgeBase.csproj -c Release -r $RID -p:SelfContained=false -p:PublishReadyToRun=true -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
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
# The app probes its own /healthz (a liveness check: no table read), so the image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dotnet", "/app/KnowledgeBase.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "KnowledgeBase.dll"]
