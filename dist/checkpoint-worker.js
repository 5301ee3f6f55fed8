// server/db/checkpoint-worker.ts
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
var { file, activeIntervalMs, idleIntervalMs } = workerData;
function fail(err) {
  const { code, message } = err;
  parentPort.postMessage({ failed: [code, message].filter(Boolean).join(": ") });
  process.exit(1);
}
function open() {
  try {
    return new Database(file, { fileMustExist: true, timeout: 0 });
  } catch (err) {
    fail(err);
  }
}
var db = open();
var lastLog = -1;
function checkpoint() {
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    const changed = result.log !== lastLog;
    lastLog = result.log;
    return changed;
  } catch (err) {
    const code = String(err.code);
    if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
    if (code.startsWith("SQLITE_FULL")) return false;
    fail(err);
  }
}
function tick() {
  timer = setTimeout(tick, checkpoint() ? activeIntervalMs : idleIntervalMs);
}
var timer;
tick();
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ ready: true });
//# sourceMappingURL=checkpoint-worker.js.map
