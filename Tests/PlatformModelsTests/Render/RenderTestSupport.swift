import PlatformModels

/// Parses `render.yaml` text.
func parseBlueprint(_ text: String) -> RenderBlueprint {
    RenderBlueprint.parse(text, displayPath: "render.yaml")
}

/// A static site blueprint, with `extra` lines appended to the service (indented by the caller, four spaces).
func staticSite(_ extra: String = "") -> String {
    """
    services:
      - type: web
        name: site
        runtime: static
        buildCommand: npm run build
        staticPublishPath: ./dist

    """ + extra
}

/// A Node web service blueprint, with `extra` lines appended to the service.
func nodeService(_ extra: String = "", type: String = "web") -> String {
    """
    services:
      - type: \(type)
        name: api
        runtime: node
        buildCommand: npm ci
        startCommand: npm start

    """ + extra
}

/// A router over a static site's `routes`/`headers` YAML (indented as list items under the service) and files.
func renderRouter(routes: String = "", headers: String = "", files: [String] = []) -> RenderRouter {
    var text = staticSite()
    if !routes.isEmpty { text += "    routes:\n" + routes }
    if !headers.isEmpty { text += "    headers:\n" + headers }
    let blueprint = parseBlueprint(text)
    return RenderRouter(service: blueprint.services[0], files: SiteFileIndex(paths: files))
}
