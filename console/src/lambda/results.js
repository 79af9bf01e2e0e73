// Execution results as the AWS console shows them after Test: status, test
// event name, response, function logs, request id and a summary parsed from
// the REPORT line.
import { h } from "../ui.js";

export function decodeLog(base64) {
  if (!base64) return "";
  const bin = atob(base64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function parseReport(log) {
  const line = log.split("\n").find((l) => l.startsWith("REPORT RequestId:"));
  if (!line) return null;
  const num = (re) => re.exec(line)?.[1];
  return {
    duration: num(/\tDuration: ([\d.]+) ms/),
    billed: num(/Billed Duration: (\d+) ms/),
    memorySize: num(/Memory Size: (\d+) MB/),
    maxMemory: num(/Max Memory Used: (\d+) MB/),
    init: num(/Init Duration: ([\d.]+) ms/),
  };
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function executionResults(eventName, result) {
  const log = decodeLog(result.logResult);
  const report = parseReport(log);
  const failed = Boolean(result.functionError);
  const entry = (dt, dd) => dd != null && h("div", null, h("dt", null, dt), h("dd", null, dd));
  return h("section", { class: "panel exec-results", "aria-label": "Execution results" },
    h("h2", null, "Execution results"),
    h("p", { class: `result-status ${failed ? "failed" : "ok"}` },
      failed ? `Status: Failed (${result.functionError})` : "Status: Succeeded"),
    h("h3", null, "Test Event Name"), h("p", { class: "event-name" }, eventName),
    h("h3", null, "Response"), h("pre", { class: "response" }, result.payload === "" ? "null" : pretty(result.payload)),
    h("h3", null, "Function Logs"), h("pre", { class: "function-logs" }, log),
    h("h3", null, "Request ID"), h("p", { class: "request-id" }, h("code", null, result.requestId ?? "")),
    report && h("div", null, h("h3", null, "Summary"),
      h("dl", { class: "summary" },
        entry("Duration", `${report.duration} ms`),
        entry("Billed duration", `${report.billed} ms`),
        entry("Resources configured", `${report.memorySize} MB`),
        entry("Max memory used", `${report.maxMemory} MB`),
        entry("Init duration", report.init ? `${report.init} ms` : "– (warm start)"))));
}
