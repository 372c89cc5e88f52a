import Foundation
import PlatformModels
import Testing

/// One `RENDER_` code: a blueprint that triggers it on a given line, and a clean counterpart.
struct ValidationCase: CustomTestStringConvertible, Sendable {
    var code: FindingCode
    var line: Int?
    var bad: String
    var good: String
    var label: String

    init(_ code: FindingCode, line: Int?, _ label: String, bad: String, good: String) {
        self.code = code
        self.line = line
        self.label = label
        self.bad = bad
        self.good = good
    }

    var testDescription: String { "\(code.rawValue) (\(label))" }
}

@Suite("render.yaml validation")
struct RenderBlueprintValidationTests {
    static let cases: [ValidationCase] = [
        // Types of values.
        ValidationCase(.renderFieldType, line: 1, "services is a word", bad: "services: web\n", good: staticSite()),
        ValidationCase(.renderFieldType, line: 1, "root is a list", bad: "- a\n- b\n", good: staticSite()),
        ValidationCase(
            .renderFieldType,
            line: 7,
            "domains is a word, buildCommand a list",
            bad: staticSite("    domains: example.com\n").replacingOccurrences(of: "buildCommand: npm run build", with: "buildCommand: [a, b]"),
            good: staticSite("    domains: [example.com]\n")
        ),
        // Required fields.
        ValidationCase(
            .renderFieldMissing,
            line: 2,
            "name",
            bad: staticSite().replacingOccurrences(of: "    name: site\n", with: ""),
            good: staticSite()
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 2,
            "type",
            bad: staticSite().replacingOccurrences(of: "  - type: web\n    name: site", with: "  - name: site"),
            good: staticSite()
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 2,
            "runtime",
            bad: nodeService().replacingOccurrences(of: "    runtime: node\n", with: ""),
            good: nodeService()
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 2,
            "startCommand",
            bad: nodeService().replacingOccurrences(of: "    startCommand: npm start\n", with: ""),
            good: nodeService()
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 2,
            "staticPublishPath",
            bad: staticSite().replacingOccurrences(of: "    staticPublishPath: ./dist\n", with: ""),
            good: staticSite()
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 2,
            "schedule",
            bad: nodeService(type: "cron"),
            good: nodeService("    schedule: \"0 * * * *\"\n", type: "cron")
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 2,
            "ipAllowList",
            bad: "services:\n  - type: keyvalue\n    name: cache\n",
            good: "services:\n  - type: keyvalue\n    name: cache\n    ipAllowList: []\n"
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 8,
            "route destination",
            bad: staticSite("    routes:\n      - type: rewrite\n        source: /*\n"),
            good: staticSite("    routes:\n      - type: rewrite\n        source: /*\n        destination: /index.html\n")
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 8,
            "header value",
            bad: staticSite("    headers:\n      - path: /*\n        name: X-Frame-Options\n"),
            good: staticSite("    headers:\n      - path: /*\n        name: X-Frame-Options\n        value: DENY\n")
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 8,
            "env var key",
            bad: nodeService("    envVars:\n      - value: production\n"),
            good: nodeService("    envVars:\n      - key: NODE_ENV\n        value: production\n")
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 7,
            "disk mountPath",
            bad: nodeService("    disk:\n      name: data\n"),
            good: nodeService("    disk:\n      name: data\n      mountPath: /var/data\n")
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 2,
            "database name",
            bad: "databases:\n  - plan: basic-256mb\n",
            good: "databases:\n  - name: db\n    plan: basic-256mb\n"
        ),
        ValidationCase(
            .renderFieldMissing,
            line: 5,
            "image url",
            bad: "services:\n  - type: web\n    name: api\n    runtime: image\n    image:\n      creds: x\n",
            good: "services:\n  - type: web\n    name: api\n    runtime: image\n    image:\n      url: ghcr.io/org/api:1\n"
        ),
        // Invalid combinations.
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "routes on a node web service",
            bad: nodeService("    routes:\n      - type: rewrite\n        source: /*\n        destination: /index.html\n"),
            good: nodeService()
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "headers on a worker",
            bad: nodeService("    headers:\n      - path: /*\n        name: X\n        value: y\n", type: "worker"),
            good: nodeService(type: "worker")
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "staticPublishPath on a node web service",
            bad: nodeService("    staticPublishPath: ./dist\n"),
            good: nodeService()
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "disk on a static site",
            bad: staticSite("    disk:\n      name: data\n      mountPath: /data\n"),
            good: staticSite()
        ),
        ValidationCase(.renderFieldNotAllowed, line: 7, "region on a static site", bad: staticSite("    region: frankfurt\n"), good: staticSite()),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "schedule on a web service",
            bad: nodeService("    schedule: \"0 * * * *\"\n"),
            good: nodeService()
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "domains on a worker",
            bad: nodeService("    domains: [example.com]\n", type: "worker"),
            good: nodeService("    domains: [example.com]\n")
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "dockerfilePath without docker",
            bad: nodeService("    dockerfilePath: ./Dockerfile\n"),
            good: "services:\n  - type: web\n    name: api\n    runtime: docker\n    dockerfilePath: ./Dockerfile\n"
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "dockerCommand without docker",
            bad: nodeService("    dockerCommand: ./run\n"),
            good: "services:\n  - type: worker\n    name: api\n    runtime: docker\n    dockerCommand: ./run\n"
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "healthCheckPath on a worker",
            bad: nodeService("    healthCheckPath: /health\n", type: "worker"),
            good: nodeService("    healthCheckPath: /health\n")
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "healthCheckPath on a static site",
            bad: staticSite("    healthCheckPath: /\n"),
            good: staticSite()
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "ipAllowList on a web service",
            bad: nodeService("    ipAllowList: []\n"),
            good: "services:\n  - type: keyvalue\n    name: cache\n    ipAllowList: []\n"
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 4,
            "startCommand on Key Value",
            bad: "services:\n  - type: keyvalue\n    name: cache\n    startCommand: redis-server\n    ipAllowList: []\n",
            good: "services:\n  - type: keyvalue\n    name: cache\n    ipAllowList: []\n"
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 8,
            "disk on a cron job",
            bad: nodeService("    schedule: \"0 * * * *\"\n    disk:\n      name: d\n      mountPath: /d\n", type: "cron"),
            good: nodeService("    schedule: \"0 * * * *\"\n", type: "cron")
        ),
        ValidationCase(
            .renderFieldNotAllowed,
            line: 7,
            "image on a node service",
            bad: nodeService("    image:\n      url: ghcr.io/org/api:1\n"),
            good: "services:\n  - type: web\n    name: api\n    image:\n      url: ghcr.io/org/api:1\n"
        ),
        // Types and runtimes.
        ValidationCase(
            .renderServiceTypeInvalid,
            line: 2,
            "type: static",
            bad: staticSite().replacingOccurrences(of: "type: web", with: "type: static"),
            good: staticSite()
        ),
        ValidationCase(
            .renderRuntimeInvalid,
            line: 4,
            "runtime: nodejs",
            bad: nodeService().replacingOccurrences(of: "runtime: node", with: "runtime: nodejs"),
            good: nodeService()
        ),
        // Values.
        ValidationCase(
            .renderValueInvalid,
            line: 8,
            "route type",
            bad: staticSite("    routes:\n      - type: proxy\n        source: /api/*\n        destination: https://api.example.com/*\n"),
            good: staticSite("    routes:\n      - type: rewrite\n        source: /api/*\n        destination: https://api.example.com/*\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 9,
            "route source without a slash",
            bad: staticSite("    routes:\n      - type: redirect\n        source: old\n        destination: /new\n"),
            good: staticSite("    routes:\n      - type: redirect\n        source: /old\n        destination: /new\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 10,
            "relative route destination",
            bad: staticSite("    routes:\n      - type: redirect\n        source: /old\n        destination: new\n"),
            good: staticSite("    routes:\n      - type: redirect\n        source: /old\n        destination: /new\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 8,
            "unbound placeholder",
            bad: staticSite("    routes:\n      - type: redirect\n        source: /posts/:id\n        destination: /blog/:slug\n"),
            good: staticSite("    routes:\n      - type: redirect\n        source: /posts/:id\n        destination: /blog/:id\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 8,
            "wildcard destination without a wildcard source",
            bad: staticSite("    routes:\n      - type: redirect\n        source: /old\n        destination: /new/*\n"),
            good: staticSite("    routes:\n      - type: redirect\n        source: /old/*\n        destination: /new/*\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 8,
            "header path without a slash",
            bad: staticSite("    headers:\n      - path: assets/*\n        name: Cache-Control\n        value: max-age=60\n"),
            good: staticSite("    headers:\n      - path: /assets/*\n        name: Cache-Control\n        value: max-age=60\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 9,
            "header name with a colon",
            bad: staticSite("    headers:\n      - path: /*\n        name: \"X-Frame-Options: DENY\"\n        value: DENY\n"),
            good: staticSite("    headers:\n      - path: /*\n        name: X-Frame-Options\n        value: DENY\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 7,
            "healthCheckPath",
            bad: nodeService("    healthCheckPath: health\n"),
            good: nodeService("    healthCheckPath: /health\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 7,
            "cron schedule",
            bad: nodeService("    schedule: \"0 *\"\n", type: "cron"),
            good: nodeService("    schedule: \"0 * * * *\"\n", type: "cron")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 7,
            "autoDeployTrigger",
            bad: nodeService("    autoDeployTrigger: always\n"),
            good: nodeService("    autoDeployTrigger: checksPass\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 8,
            "previews.generation",
            bad: nodeService("    previews:\n      generation: sometimes\n"),
            good: nodeService("    previews:\n      generation: manual\n")
        ),
        ValidationCase(
            .renderValueInvalid,
            line: 8,
            "two sources of value",
            bad: nodeService("    envVars:\n      - key: SECRET\n        value: x\n        generateValue: true\n"),
            good: nodeService("    envVars:\n      - key: SECRET\n        generateValue: true\n")
        ),
        // Deprecated keys.
        ValidationCase(
            .renderKeyDeprecated,
            line: 4,
            "env",
            bad: staticSite().replacingOccurrences(of: "runtime: static", with: "env: static"),
            good: staticSite()
        ),
        ValidationCase(
            .renderKeyDeprecated,
            line: 7,
            "autoDeploy",
            bad: nodeService("    autoDeploy: false\n"),
            good: nodeService("    autoDeployTrigger: \"off\"\n")
        ),
        ValidationCase(
            .renderKeyDeprecated,
            line: 7,
            "pullRequestPreviewsEnabled",
            bad: staticSite("    pullRequestPreviewsEnabled: true\n"),
            good: staticSite("    previews:\n      generation: automatic\n")
        ),
        ValidationCase(
            .renderKeyDeprecated,
            line: 2,
            "type: redis",
            bad: "services:\n  - type: redis\n    name: cache\n    ipAllowList: []\n",
            good: "services:\n  - type: keyvalue\n    name: cache\n    ipAllowList: []\n"
        ),
        ValidationCase(
            .renderKeyDeprecated,
            line: 7,
            "previewPlan",
            bad: nodeService("    previewPlan: starter\n"),
            good: nodeService("    previews:\n      plan: starter\n")
        ),
        ValidationCase(
            .renderKeyDeprecated,
            line: 1,
            "previewsEnabled",
            bad: "previewsEnabled: true\n" + staticSite(),
            good: "previews:\n  generation: automatic\n" + staticSite()
        ),
        // Unknown keys.
        ValidationCase(
            .renderKeyUnknown,
            line: 7,
            "typo",
            bad: nodeService("    healthcheckPath: /health\n"),
            good: nodeService("    healthCheckPath: /health\n")
        ),
        ValidationCase(.renderKeyUnknown, line: 1, "root", bad: "service:\n  - a\n" + staticSite(), good: staticSite()),
        // Environment groups.
        ValidationCase(
            .renderEnvGroupVarInvalid,
            line: 5,
            "sync: false in a group",
            bad: "envVarGroups:\n  - name: shared\n    envVars:\n      - key: SECRET\n        sync: false\n",
            good: "envVarGroups:\n  - name: shared\n    envVars:\n      - key: SECRET\n        generateValue: true\n"
        ),
        ValidationCase(
            .renderEnvGroupVarInvalid,
            line: 7,
            "fromDatabase in a group",
            bad:
                "databases:\n  - name: db\nenvVarGroups:\n  - name: shared\n    envVars:\n      - key: DB\n        fromDatabase:\n          name: db\n          property: connectionString\n",
            good: "databases:\n  - name: db\nenvVarGroups:\n  - name: shared\n    envVars:\n      - key: LEVEL\n        value: info\n"
        ),
        // Names and references.
        ValidationCase(
            .renderNameDuplicate,
            line: 7,
            "two services named site",
            bad: staticSite() + "  - type: web\n    name: site\n    runtime: static\n    staticPublishPath: ./out\n",
            good: staticSite() + "  - type: web\n    name: docs\n    runtime: static\n    staticPublishPath: ./out\n"
        ),
        ValidationCase(
            .renderReferenceUnknown,
            line: 8,
            "fromGroup",
            bad: nodeService("    envVars:\n      - fromGroup: shared\n"),
            good: nodeService("    envVars:\n      - fromGroup: shared\n")
                + "envVarGroups:\n  - name: shared\n    envVars:\n      - key: A\n        value: b\n"
        ),
        ValidationCase(
            .renderReferenceUnknown,
            line: 8,
            "fromDatabase",
            bad: nodeService(
                "    envVars:\n      - key: DATABASE_URL\n        fromDatabase:\n          name: db\n          property: connectionString\n"
            ),
            good: nodeService(
                "    envVars:\n      - key: DATABASE_URL\n        fromDatabase:\n          name: db\n          property: connectionString\n"
            )
                + "databases:\n  - name: db\n"
        ),
        // Empty and broken files.
        ValidationCase(.renderBlueprintEmpty, line: nil, "empty file", bad: "", good: staticSite()),
        ValidationCase(.renderBlueprintEmpty, line: 1, "empty list", bad: "services: []\n", good: staticSite()),
        ValidationCase(.renderYAMLSyntax, line: 3, "bad indentation", bad: "services:\n  - type: web\n   name: site\n", good: staticSite()),
    ]

    @Test("each code fires on its line, and the clean counterpart has no finding", arguments: cases)
    func validation(_ testCase: ValidationCase) {
        let bad = parseBlueprint(testCase.bad)
        let matching = bad.findings.filter { $0.code == testCase.code }
        #expect(!matching.isEmpty, "\(testCase.label): expected \(testCase.code.rawValue), got \(codeLines(bad.findings))")
        #expect(
            matching.contains { $0.line == testCase.line },
            "\(testCase.label): expected line \(testCase.line.map(String.init) ?? "-"), got \(codeLines(matching))"
        )
        for finding in matching {
            #expect(finding.file == "render.yaml")
            #expect(!finding.message.isEmpty)
            #expect(finding.severity == FindingCode.renderSeverities[testCase.code])
        }
        let good = parseBlueprint(testCase.good)
        #expect(good.findings.isEmpty, "\(testCase.label): the clean counterpart has \(codeLines(good.findings))")
    }

    @Test("every validation code of the blueprint has a case")
    func coverage() {
        let covered = Set(Self.cases.map(\.code))
        let blueprintCodes: [FindingCode] = [
            .renderFieldType, .renderFieldMissing, .renderFieldNotAllowed, .renderServiceTypeInvalid, .renderRuntimeInvalid,
            .renderValueInvalid, .renderKeyDeprecated, .renderKeyUnknown, .renderEnvGroupVarInvalid, .renderNameDuplicate,
            .renderReferenceUnknown, .renderBlueprintEmpty, .renderYAMLSyntax,
        ]
        for code in blueprintCodes { #expect(covered.contains(code), "no case for \(code.rawValue)") }
    }

    @Test("every RENDER_ code has a severity, errors and warnings as documented")
    func severities() {
        #expect(FindingCode.renderSeverities.count == 24)
        #expect(FindingCode.renderSeverities.keys.allSatisfy { $0.rawValue.hasPrefix("RENDER_") })
        #expect(Finding(.renderKeyDeprecated, file: nil, line: nil, message: "m", fix: nil).severity == .warning)
        #expect(Finding(.renderFieldNotAllowed, file: nil, line: nil, message: "m", fix: nil).severity == .error)
    }

    @Test("a YAML syntax error reports line and column")
    func syntaxPosition() throws {
        let blueprint = parseBlueprint("services:\n  - type: web\n    name: [unclosed\n")
        let finding = try #require(blueprint.findings.first)
        #expect(finding.code == .renderYAMLSyntax)
        #expect(finding.line == 4)
        #expect(finding.message.contains("column"))
    }

    @Test("a duplicate key is a syntax error on its line")
    func duplicateKey() throws {
        let blueprint = parseBlueprint(staticSite("    name: other\n"))
        let finding = try #require(blueprint.findings.first)
        #expect(finding.code == .renderYAMLSyntax)
        #expect(finding.line == 3)
    }

    @Test("unknown keys suggest the key meant")
    func suggestion() {
        let blueprint = parseBlueprint(nodeService("    startcommand: x\n"))
        let finding = blueprint.findings.first { $0.code == .renderKeyUnknown }
        #expect(finding?.fix?.contains("`startCommand`") == true)
    }

    @Test("deprecated keys name their replacement")
    func deprecatedFixes() {
        let blueprint = parseBlueprint(
            staticSite("    autoDeploy: true\n    pullRequestPreviewsEnabled: false\n").replacingOccurrences(
                of: "runtime: static",
                with: "env: static"
            )
        )
        let fixes = blueprint.findings.filter { $0.code == .renderKeyDeprecated }.compactMap(\.fix)
        #expect(fixes.contains { $0.contains("runtime: static") })
        #expect(fixes.contains { $0.contains("autoDeployTrigger: commit") })
        #expect(fixes.contains { $0.contains("generation: off") })
        let site = blueprint.services[0]
        #expect(site.isStaticSite)
        #expect(site.autoDeployTrigger == "commit")
        #expect(site.previewsGeneration == "off")
    }

    @Test("a service in a project environment is validated too")
    func projects() {
        let text = """
            projects:
              - name: shop
                environments:
                  - name: production
                    services:
                      - type: web
                        name: api
                        runtime: node
            """
        let blueprint = parseBlueprint(text)
        #expect(blueprint.services.map(\.name) == ["api"])
        #expect(codeLines(blueprint.findings) == ["RENDER_FIELD_MISSING@6"])
    }

    @Test("an image-backed service needs no runtime and no startCommand")
    func imageService() {
        let blueprint = parseBlueprint("services:\n  - type: worker\n    name: jobs\n    runtime: image\n    image:\n      url: ghcr.io/a/b:1\n")
        #expect(blueprint.findings.isEmpty)
        #expect(blueprint.services[0].imageURL == "ghcr.io/a/b:1")
    }
}
