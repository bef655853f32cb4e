#!/usr/bin/env node
// Entry point of the GitHub Action (action.yml): inputs arrive as INPUT_* environment variables.
import { runAction } from "../dist/bin/schemalint-action.mjs";

process.exitCode = await runAction(process.env, process.cwd());
