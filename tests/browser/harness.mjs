// Shared by the browser tests: start `renda serve` on a free port, and a
// headless Chromium to look at what it serves.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { chromium } from "playwright-core";

export const repo = new URL("../../", import.meta.url).pathname;
const bin = process.env.RENDA_BIN ?? `${repo}target/debug/renda`;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Starts `renda serve` for `root` and resolves once it prints its address. */
export async function serve(root, extraArgs = []) {
  const port = await freePort();
  const child = spawn(bin, ["serve", "--root", root, "--port", String(port), ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk) => (output += chunk.toString());
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  while (!output.includes(url)) {
    if (child.exitCode !== null) throw new Error(`renda serve exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`renda serve did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    output: () => output,
    stop: () => child.kill("SIGTERM"),
  };
}

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
