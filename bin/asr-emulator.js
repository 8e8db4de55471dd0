#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run by `npm ci`).
import("../dist/cli/main.js").then((cli) => cli.main(process.argv));
