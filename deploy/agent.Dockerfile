# The agent image: the standalone bundle and node, nothing else. Build from the repository root:
#   npm run build:agent && docker build -f deploy/agent.Dockerfile -t memfleet-agent:0.1.0 .
FROM node:20-alpine
COPY dist/agent/memfleet-agent.js /app/memfleet-agent.js
ENTRYPOINT ["node", "/app/memfleet-agent.js"]
CMD ["--help"]
