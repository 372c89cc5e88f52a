// Serves ./public as render.yaml's static site `docs` does: the same redirect, rewrite and headers, plus a
// health check. No dependency: only Node's standard library.
"use strict";
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "public");
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml" };

function file(requestPath) {
  const candidates = requestPath.endsWith("/")
    ? [requestPath + "index.html"]
    : [requestPath, requestPath + ".html", requestPath + "/index.html"];
  for (const candidate of candidates) {
    const full = path.join(root, path.normalize(candidate));
    if (full.startsWith(root + path.sep) && fs.existsSync(full) && fs.statSync(full).isFile()) return full;
  }
  return null;
}

http
  .createServer((request, response) => {
    const url = new URL(request.url, "http://localhost");
    if (url.pathname === "/healthz") return response.end("ok\n");
    response.setHeader("X-Frame-Options", "DENY");
    if (url.pathname === "/docs/old-page") {
      response.writeHead(301, { Location: "/docs/new-page" });
      return response.end();
    }
    if (url.pathname.startsWith("/assets/")) response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    // Render serves a file that exists before it applies a rewrite.
    let found = file(url.pathname);
    if (!found && url.pathname.startsWith("/app/")) found = file("/app/index.html");
    const status = found ? 200 : 404;
    found = found || file("/404.html");
    response.writeHead(status, { "Content-Type": types[path.extname(found)] || "application/octet-stream" });
    fs.createReadStream(found).pipe(response);
  })
  .listen(Number(process.env.PORT) || 10000);
