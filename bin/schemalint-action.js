#!/usr/bin/env node
// Entry point of the GitHub Action (action.yml): inputs arrive as INPUT_* environment variables.
import { runAction } from "../dist/cli/action.js";

process.exitCode = await runAction(process.env, process.cwd());
