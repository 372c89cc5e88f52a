import Hummingbird
import NIOCore

/// The OpenAPI 3.1 description of the server's routes, served at `/api/chimera/openapi.json`.
enum OpenAPIDocument {
    static func response() -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static let text = #"""
        {
          "openapi": "3.1.0",
          "info": {"title": "Chimera", "version": "1", "description": "Chimera's deploy service: GitHub webhooks, the HXO pipeline (simulate, certify, deploy, verify, rollback) and its event stream. Reads need a bearer token of any role; writes need admiral or system_core (chimeractl tokens create)."},
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
              "Error": {"type": "object", "required": ["error", "status"], "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
              "Command": {
                "type": "object",
                "description": "Every field is optional: {\"platform\": \"netlify\"} picks the one netlify site.",
                "properties": {
                  "site": {"type": "string"}, "platform": {"type": "string", "enum": ["netlify", "render", "pages"]},
                  "branch": {"type": "string"}, "commit": {"type": "string"}, "to": {"type": "string", "description": "rollback: the release id"},
                  "auto_heal": {"type": "boolean"}, "certify": {"type": "boolean"}
                }
              },
              "Deploy": {
                "type": "object",
                "required": ["id", "site", "context", "branch", "commit", "state", "stage", "url"],
                "properties": {
                  "id": {"type": "string"}, "site": {"type": "string"}, "context": {"type": "string"}, "branch": {"type": "string"},
                  "commit": {"type": "string"}, "repository": {"type": "string"}, "trigger": {"type": "string"},
                  "state": {"type": "string", "enum": ["queued", "running", "succeeded", "failed", "superseded", "quarantined"]},
                  "stage": {"type": "string", "enum": ["fetch", "simulate", "certify", "deploy", "verify", "done"]},
                  "attempts": {"type": "integer"}, "error": {"type": "string"}, "release": {"type": "string"}, "url": {"type": "string"},
                  "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"},
                  "finishedAt": {"type": "string", "format": "date-time"}, "progress": {"type": "object"}
                }
              }
            }
          },
          "security": [{"bearer": []}],
          "paths": {
            "/webhooks/github": {
              "post": {
                "summary": "GitHub webhook (push, ping), signed with X-Hub-Signature-256",
                "security": [],
                "parameters": [
                  {"name": "X-GitHub-Event", "in": "header", "required": true, "schema": {"type": "string"}},
                  {"name": "X-GitHub-Delivery", "in": "header", "required": true, "schema": {"type": "string"}},
                  {"name": "X-GitHub-Hook-ID", "in": "header", "schema": {"type": "string"}},
                  {"name": "X-Hub-Signature-256", "in": "header", "required": true, "schema": {"type": "string"}}
                ],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}, "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"payload": {"type": "string"}}}}}},
                "responses": {
                  "200": {"description": "ping, or a redelivery already stored"},
                  "202": {"description": "stored durably; the pipeline takes it from here"},
                  "400": {"description": "no X-GitHub-Delivery, or a body that is not JSON"},
                  "401": {"description": "signature missing or wrong"},
                  "413": {"description": "over 25 MB"}
                }
              }
            },
            "/api/chimera/status": {"get": {"summary": "Service, sites, live releases, queue", "responses": {"200": {"description": "status"}, "401": {"description": "no token"}}}},
            "/api/chimera/simulate": {"post": {"summary": "Build and simulate a site's commit now", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Command"}}}}, "responses": {"200": {"description": "the report (verdict pass)"}, "422": {"description": "the report (verdict fail) or an error"}, "401": {"description": "no token"}, "403": {"description": "observer token"}, "503": {"description": "CHIMERA_ENABLED=false"}}}},
            "/api/chimera/deploy": {"post": {"summary": "Queue a deploy (simulate, certify, deploy, verify)", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Command"}}}}, "responses": {"202": {"description": "queued", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Deploy"}}}}, "401": {"description": "no token"}, "403": {"description": "observer token"}, "503": {"description": "CHIMERA_ENABLED=false"}}}},
            "/api/chimera/hooks/local": {"post": {"summary": "Queue a deploy of a commit made in a developer's clone (Chimera's post-commit hook), for every site deploying the repository's branch; the commit must be reachable from the site's clone_url", "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["repository", "branch", "commit"], "properties": {"repository": {"type": "string", "description": "owner/name"}, "branch": {"type": "string"}, "commit": {"type": "string", "description": "4 to 64 hex digits"}}}}}}, "responses": {"202": {"description": "queued, trigger hook: {repository, branch, commit, deploys: [Deploy], errors?}"}, "400": {"description": "a body without repository, branch or commit"}, "401": {"description": "no token"}, "403": {"description": "observer token"}, "404": {"description": "no site deploys the repository"}, "422": {"description": "no site deploys the branch, or the commit cannot be fetched"}, "503": {"description": "CHIMERA_ENABLED=false"}}}},
            "/api/chimera/verify": {"post": {"summary": "Probe the live site against its release's prediction", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Command"}}}}, "responses": {"200": {"description": "every probe matched"}, "409": {"description": "mismatches"}}}},
            "/api/chimera/rollback": {"post": {"summary": "Switch a site back to an earlier release", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Command"}}}}, "responses": {"200": {"description": "rolled back"}, "422": {"description": "no earlier release, or unknown release"}}}},
            "/api/chimera/deploys": {"get": {"summary": "Recent deploys", "parameters": [{"name": "site", "in": "query", "schema": {"type": "string"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}], "responses": {"200": {"description": "deploys"}}}},
            "/api/chimera/deploys/{id}": {"get": {"summary": "One deploy with its stages' progress", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "the deploy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Deploy"}}}}, "404": {"description": "unknown id"}}}},
            "/api/chimera/events": {"get": {"summary": "The Genesis Bus as Server-Sent Events; resumable with Last-Event-ID", "parameters": [{"name": "Last-Event-ID", "in": "header", "schema": {"type": "integer"}}, {"name": "follow", "in": "query", "schema": {"type": "boolean"}}], "responses": {"200": {"description": "text/event-stream", "content": {"text/event-stream": {}}}}}},
            "/api/chimera/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}}}
          }
        }
        """#
}
