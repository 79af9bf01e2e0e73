// The Node.js handler of bench/apigateway.sh, the same file for localcloud and
// serverless-offline: answers a Lambda proxy integration (GET /v1/users) with a fixed
// JSON list of three users, byte for byte what the in-process examples.users answers.
// {"sleep": ms} keeps its environment busy for that long and answers which environment
// it ran in, as bench/lambda_handlers/index.mjs does for the warm-up.
import { threadId } from "node:worker_threads";

const body = JSON.stringify([
  { Userid: "marivera", FullName: "Martha Rivera" },
  { Userid: "nikkwolf", FullName: "Nikki Wolf" },
  { Userid: "pasantos", FullName: "Paulo Santos" },
]);

export const handler = async (event) => {
  if (event?.sleep) {
    await new Promise((resolve) => setTimeout(resolve, event.sleep));
    return { environment: `${process.pid}/${threadId}` };
  }
  return { statusCode: 200, headers: { "Content-Type": "application/json" }, body };
};
