// Imported first by bootstrap.mjs, so that it runs before any other code of
// the environment: lets V8 optimise a function after running about 2 KB of
// its bytecode instead of 66 KB (V8's --interrupt-budget).
//
// Every concurrent invocation has an environment of its own, so each
// environment sees only its share of a function's invocations: at 16
// concurrent requests each process runs the runtime loop, Node's stream code
// and the handler 1/16th as often, and with V8's default they stayed in the
// baseline tier for seconds. Measured on the 2-core dev machine (GET through
// API Gateway to a Node.js handler, 16 connections, 16 environments, the first
// 5 s): Node CPU per invocation ~450 us -> ~290 us, requests/s ~3,000 ->
// ~4,500. V8 only decides sooner which code to optimise; what the code does
// is the same. An unknown flag (a future V8) only prints a warning.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--interrupt-budget=2048');
