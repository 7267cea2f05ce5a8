// Shared by the browser tests: start `renda serve` on a free port, and a
// headless Chromium to look at what it serves.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
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

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ics": "text/calendar; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
};

/**
 * Builds `root` with `renda build` and serves the output as a plain static
 * host does: files as they are, `index.html` for a folder, the site's own
 * 404 page otherwise. Tests of what residents get use this rather than the
 * preview, whose pages carry the reload script.
 */
export async function publish(root) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const out = mkdtempSync(join(tmpdir(), "renda-published-"));
  const site = join(out, "site");
  const built = spawnSync(bin, ["build", "--root", root, "--output", site, "--force", "--quiet", "--base-url", url], {
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`renda build failed: ${built.stdout}${built.stderr}`);
  const server = createHttpServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, url).pathname));
    if (path.includes("..")) path = "/404.html";
    let file = join(site, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "Content-Type": TYPES[".html"] });
      res.end(readFileSync(join(site, "404.html")));
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url,
    port,
    stop: () => {
      server.closeAllConnections();
      server.close();
      rmSync(out, { recursive: true, force: true });
    },
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
