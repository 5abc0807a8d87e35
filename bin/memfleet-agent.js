#!/usr/bin/env node
// Runs the standalone agent bundle when built (npm run build:agent), else the compiled tree.
const fs = require('node:fs');
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'agent', 'memfleet-agent.js');
const compiled = path.join(__dirname, '..', 'dist', 'apps', 'agent', 'src', 'main.js');
require(fs.existsSync(bundle) ? bundle : compiled);
