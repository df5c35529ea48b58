#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(built)) {
  process.stderr.write('pos-station: not built yet — run `npm ci && npm run build` in the project first.\n');
  process.exit(2);
}
require(built);
