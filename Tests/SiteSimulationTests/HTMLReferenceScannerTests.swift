import Testing

@testable import SiteSimulation

@Suite struct HTMLReferenceScannerTests {
    private func references(_ html: String) -> [String] {
        var found: [String] = []
        let bytes = Array(html.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            HTMLReferenceScanner.scan(buffer) { attribute, range in
                found.append("\(attribute)=" + String(decoding: buffer[range], as: UTF8.self))
            }
        }
        return found
    }

    @Test func readsTheAttributesBrowsersLoadOrFollow() {
        let html = """
            <link rel="stylesheet" href="/a.css"><script src='/b.js' defer></script>
            <a href=/c.html>c</a><area href="/d"><img src="/e.png" srcset="/f.png 2x"><source srcset="/g.webp">
            <video poster="/h.jpg" src="/i.mp4"></video><iframe src="/j.html"></iframe>
            """
        #expect(
            references(html) == [
                "href=/a.css", "src=/b.js", "href=/c.html", "href=/d", "src=/e.png", "srcset=/f.png 2x", "srcset=/g.webp",
                "poster=/h.jpg", "src=/i.mp4", "src=/j.html",
            ]
        )
    }

    @Test func ignoresAttributesOnTagsThatDoNotLoadThem() {
        #expect(references(#"<div href="/x" srcset="/y"><p poster="/z"><base src="/b">"#) == ["src=/b"])
    }

    @Test func reportsBaseHrefApart() {
        #expect(references(#"<base href="/base/"><a href="x.html">"#) == ["baseHref=/base/", "href=x.html"])
    }

    @Test func isCaseInsensitiveForTagAndAttributeNames() {
        #expect(references(#"<A HREF="/up.html"><IMG SRC="/i.png"/>"#) == ["href=/up.html", "src=/i.png"])
    }

    @Test func skipsCommentsScriptAndStyleBodies() {
        let html = """
            <!-- <a href="/commented.html"> -->
            <script>var s = '<a href="/in-script.html">';</script>
            <style>a[href="/x"] { } </style><SCRIPT type=module>"<img src='/no.png'>"</SCRIPT>
            <a href="/real.html">
            """
        #expect(references(html) == ["href=/real.html"])
    }

    @Test func survivesBrokenMarkup() {
        #expect(references("<a href=\"/unterminated") == ["href=/unterminated"])
        #expect(references("<a href=") == [])
        #expect(references("<<<>>><a") == [])
        #expect(references("<!--") == [])
        #expect(references("<img src = \"/spaced.png\" >") == ["src=/spaced.png"])
    }

    @Test func splitsSrcsetCandidates() {
        let text = "/a.png 1x, /b.png 2x,/c.png 480w ,  /d.png"
        let bytes = Array(text.utf8)
        let candidates = bytes.withUnsafeBufferPointer { buffer in
            SrcsetCandidates(buffer, 0..<buffer.count).map { String(decoding: buffer[$0], as: UTF8.self) }
        }
        #expect(candidates == ["/a.png", "/b.png", "/c.png", "/d.png"])
    }
}
