import Foundation
import PlatformModels
import Testing

@Suite("render.yaml parsing")
struct RenderBlueprintParsingTests {
    static let fullBlueprint = """
        # A shop: a static front end, an API, a worker, a cron job, Key Value and Postgres.
        envVarGroups:
          - name: shared
            envVars:
              - key: LOG_LEVEL
                value: info
              - key: REGION
                value: eu

        services:
          - type: web
            name: front
            runtime: static
            rootDir: web
            buildCommand: npm ci && npm run build
            staticPublishPath: ./dist
            pullRequestPreviewsEnabled: true
            domains:
              - shop.example.com
            envVars:
              - fromGroup: shared
              - key: REGION
                value: us
              - key: API_KEY
                sync: false
              - key: PORT
                value: 8080
            routes:
              - type: redirect
                source: /old/*
                destination: /new/*
              - type: rewrite
                source: /*
                destination: /index.html
            headers:
              - path: /*
                name: X-Frame-Options
                value: DENY
          - type: web
            name: api
            runtime: node
            buildCommand: npm ci
            startCommand: node server.js
            healthCheckPath: /healthz
            autoDeployTrigger: checksPass
            disk:
              name: uploads
              mountPath: /var/uploads
              sizeGB: 5
            envVars:
              - key: DATABASE_URL
                fromDatabase:
                  name: shop-db
                  property: connectionString
              - key: CACHE
                fromService:
                  type: keyvalue
                  name: cache
                  property: connectionString
              - key: SECRET
                generateValue: true
          - type: worker
            name: mailer
            runtime: docker
            dockerfilePath: ./worker/Dockerfile
            dockerContext: ./worker
          - type: cron
            name: nightly
            runtime: python
            buildCommand: pip install -r requirements.txt
            startCommand: python nightly.py
            schedule: "0 3 * * *"
          - type: keyvalue
            name: cache
            ipAllowList: []
            maxmemoryPolicy: allkeys-lru

        databases:
          - name: shop-db
            plan: basic-256mb
            region: frankfurt
        """

    @Test("a full blueprint reads cleanly, with every field in place")
    func fullBlueprintReads() throws {
        let blueprint = parseBlueprint(Self.fullBlueprint)
        #expect(codeLines(blueprint.findings) == ["RENDER_KEY_DEPRECATED@17"])
        #expect(blueprint.services.map(\.name) == ["front", "api", "mailer", "nightly", "cache"])
        #expect(blueprint.databases.map(\.name) == ["shop-db"])
        #expect(blueprint.databases[0].region == "frankfurt")
        #expect(blueprint.envVarGroups.map(\.name) == ["shared"])

        let front = try #require(blueprint.service(named: "front"))
        #expect(front.isStaticSite)
        #expect(front.line == 11)
        #expect(front.rootDir == "web")
        #expect(front.buildCommand == "npm ci && npm run build")
        #expect(front.staticPublishPath == "./dist")
        #expect(front.keyLines["staticPublishPath"] == 16)
        #expect(front.previewsGeneration == "automatic")
        #expect(front.domains == ["shop.example.com"])
        #expect(front.routes.map(\.line) == [29, 32])
        #expect(front.routes.map(\.kind) == [.redirect, .rewrite])
        #expect(front.headers.map(\.line) == [36])
        #expect(front.headers[0].value == "DENY")
        #expect(blueprint.staticSites.map(\.name) == ["front"])

        // Group values first, then the service's own (which win); prompted values are not literal.
        #expect(front.literalEnvironment == ["REGION": "us", "PORT": "8080"])
        #expect(blueprint.environment(for: front) == ["LOG_LEVEL": "info", "REGION": "us", "PORT": "8080"])
        #expect(front.envVars.map(\.source) == [.group("shared"), .literal("us"), .prompted, .literal("8080")])

        let api = try #require(blueprint.service(named: "api"))
        #expect(api.startCommand == "node server.js")
        #expect(api.healthCheckPath == "/healthz")
        #expect(api.effectiveHealthCheckPath == "/healthz")
        #expect(api.autoDeployTrigger == "checksPass")
        #expect(api.disk == RenderService.Disk(name: "uploads", mountPath: "/var/uploads", sizeGB: 5))
        #expect(
            api.envVars.map(\.source) == [
                .database(name: "shop-db", property: "connectionString"),
                .service(name: "cache", type: "keyvalue", property: "connectionString"),
                .generated,
            ]
        )
        #expect(blueprint.service(named: "mailer")?.usesContainer == true)
        #expect(blueprint.service(named: "nightly")?.schedule == "0 3 * * *")
        #expect(blueprint.service(named: "cache")?.isKeyValue == true)
    }

    @Test("a web service without healthCheckPath is checked at /")
    func defaultHealthCheck() {
        let blueprint = parseBlueprint(nodeService())
        #expect(blueprint.services[0].effectiveHealthCheckPath == "/")
        #expect(blueprint.services[0].healthCheckPath == nil)
    }

    @Test("merge keys and aliases are resolved, and lines point at what was written")
    func mergeKeys() throws {
        let text = """
            x-defaults: &defaults
              runtime: node
              buildCommand: npm ci
              startCommand: npm start
            services:
              - type: web
                name: a
                <<: *defaults
              - type: worker
                name: b
                <<: *defaults
                startCommand: npm run worker
            """
        let blueprint = parseBlueprint(text)
        // `x-defaults` is not a blueprint key: Render warns about it like any other unknown key.
        #expect(codeLines(blueprint.findings) == ["RENDER_KEY_UNKNOWN@1"])
        #expect(blueprint.services.map(\.runtime) == ["node", "node"])
        #expect(blueprint.services.map(\.startCommand) == ["npm start", "npm run worker"])
        #expect(blueprint.services[0].keyLines["runtime"] == 2)
    }

    @Test("a legacy env: static site is a static site")
    func legacyEnv() {
        let blueprint = parseBlueprint(staticSite().replacingOccurrences(of: "runtime: static", with: "env: static"))
        #expect(blueprint.staticSites.count == 1)
        #expect(blueprint.services[0].runtime == "static")
    }

    @Test("runtime wins over a conflicting env, and the deprecation says so")
    func runtimeWins() {
        let blueprint = parseBlueprint(nodeService("    env: python\n"))
        #expect(blueprint.services[0].runtime == "node")
        #expect(blueprint.findings.first { $0.code == .renderKeyDeprecated }?.message.contains("disagrees") == true)
    }

    @Test("malformed routes are left out of the rule set, valid ones kept in order")
    func malformedRoutesDropped() {
        let text = staticSite(
            """
                routes:
                  - type: redirect
                    source: /a
                    destination: /b
                  - type: forward
                    source: /c
                    destination: /d
                  - type: rewrite
                    source: e
                    destination: /f
                  - type: rewrite
                    source: /g
                    destination: /h

            """
        )
        let blueprint = parseBlueprint(text)
        #expect(blueprint.services[0].routes.map(\.source) == ["/a", "/g"])
        #expect(codeLines(blueprint.findings) == ["RENDER_VALUE_INVALID@11", "RENDER_VALUE_INVALID@15"])
    }

    @Test("numbers and booleans written as values are kept as written")
    func scalarValues() {
        let blueprint = parseBlueprint(
            staticSite(
                "    headers:\n      - path: /*\n        name: Cache-Control\n        value: 86400\n    envVars:\n      - key: DEBUG\n        value: true\n"
            )
        )
        #expect(blueprint.findings.isEmpty)
        #expect(blueprint.services[0].headers[0].value == "86400")
        #expect(blueprint.services[0].literalEnvironment == ["DEBUG": "true"])
    }
}
