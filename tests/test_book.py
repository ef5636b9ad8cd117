"""The web book: a strict build, then every page checked in headless Chromium with no network."""
import functools
import http.server
import json
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--metrics-recording-only", "--no-default-browser-check",
]
CHAPTER = "book/what-is-mse.html"


def test_build_is_strict_and_clean(book_build):
    returncode, log, html = book_build
    assert returncode == 0, f"the strict build failed:\n{log[-5000:]}"
    assert "WARNING" not in log, f"the build printed warnings:\n{log[-5000:]}"
    assert (html / "index.html").is_file() and (html / CHAPTER).is_file()


def test_no_page_refers_to_an_outside_server(book_build):
    """Scripts, styles and images all come from the site itself (links to cited papers are fine)."""
    html = book_build[2]
    pages = list(html.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text()
        remote = re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(https?:)?//[^"]*"', text)
        assert not remote, f"{page.relative_to(html)} loads something from outside the site"
        assert "unpkg.com" not in text and "cdn." not in text, f"{page.relative_to(html)} names a CDN"


@pytest.fixture(scope="module")
def site(book_build):
    """Serve the built book from 127.0.0.1 for the module's tests; yield its base URL."""
    html = book_build[2]
    if not (html / "index.html").is_file():
        pytest.fail("the book did not build, so there is nothing to serve")
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", html
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium (make system-packages)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Visit:
    """One page opened in a fresh browser context that records problems instead of reaching outside."""

    def __init__(self, browser, url):
        self.context = browser.new_context()
        self.outside, self.errors = [], []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status} for {r.url}"))
        self.page.goto(url, wait_until="load")

    def _route(self, route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def typeset_math(self):
        """Wait for MathJax to finish; return (math elements, typeset ones, TeX errors)."""
        self.page.wait_for_load_state("networkidle")
        if self.page.evaluate("() => typeof window.MathJax === 'object'"):
            self.page.wait_for_function("() => window.MathJax.startup && window.MathJax.startup.promise")
            self.page.evaluate("() => window.MathJax.startup.promise")
        return self.page.evaluate(
            """() => [document.querySelectorAll('.math').length,
                      document.querySelectorAll('.math mjx-container').length,
                      document.querySelectorAll('mjx-merror').length]"""
        )

    def close(self):
        self.context.close()


def _pages(html):
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html") if not p.relative_to(html).parts[0].startswith("_"))


def test_every_page_renders_offline(site, browser):
    base, html = site
    pages = _pages(html)
    assert CHAPTER in pages and "book/intro.html" in pages and "search.html" in pages
    typeset_on = {}
    for name in pages:
        visit = Visit(browser, base + name)
        try:
            math, typeset, tex_errors = visit.typeset_math()
            typeset_on[name] = typeset
            assert math == typeset, f"{name}: {math - typeset} of {math} math elements were not typeset"
            assert tex_errors == 0, f"{name}: MathJax reported {tex_errors} TeX errors"
            raw_tex, raw_tables = visit.page.evaluate(
                r"""() => {
                    const body = document.body.cloneNode(true);
                    body.querySelectorAll('pre, code, script, mjx-assistive-mml').forEach(e => e.remove());
                    return [(body.innerText.match(/\\\(|\\\[|\$\$|\\frac|\\sum|\\hat/g) || []).length,
                            (body.innerText.match(/\|\s*(-{3,}|\u2014)\s*\|/g) || []).length];
                }"""
            )
            assert raw_tex == 0, f"{name}: raw TeX is left on the page"
            assert raw_tables == 0, f"{name}: a Markdown table is shown as text, not rendered"
            broken = visit.page.evaluate(
                "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
            )
            assert not broken, f"{name}: images that did not load: {broken}"
            assert not visit.outside, f"{name}: requests left localhost: {visit.outside}"
            assert not visit.errors, f"{name}: console errors: {visit.errors}"
        finally:
            visit.close()
    assert typeset_on[CHAPTER] >= 30, "the chapter should show its formulas typeset"


def test_chapter_figures_have_captions_and_alt_text(site, browser):
    base, _ = site
    visit = Visit(browser, base + CHAPTER)
    try:
        figures = visit.page.evaluate(
            """() => Array.from(document.querySelectorAll('figure')).map(f => ({
                   alt: (f.querySelector('img') || {}).alt || '',
                   caption: (f.querySelector('figcaption') || {}).innerText || '',
                   width: (f.querySelector('img') || {}).naturalWidth || 0}))"""
        )
    finally:
        visit.close()
    assert len(figures) == 4
    for figure in figures:
        assert len(figure["alt"]) > 40 and len(figure["caption"]) > 40 and figure["width"] > 300


def test_chapter_offers_its_notebook_for_download(site, browser):
    base, _ = site
    visit = Visit(browser, base + CHAPTER)
    try:
        links = visit.page.evaluate(
            "() => Array.from(document.querySelectorAll('a[href$=\".ipynb\"]')).map(a => a.href)"
        )
        assert links, "no download link to the chapter's .ipynb"
        response = visit.page.request.get(links[0])
        assert response.ok
        notebook = json.loads(response.text())
    finally:
        visit.close()
    assert notebook["nbformat"] == 4 and any(cell["cell_type"] == "code" for cell in notebook["cells"])


def test_exercise_solutions_are_folded(site, browser):
    base, _ = site
    visit = Visit(browser, base + CHAPTER)
    try:
        exercises = visit.page.locator(".exercise").count()
        folded = visit.page.evaluate(
            "() => Array.from(document.querySelectorAll('details.solution, .solution.dropdown')).length"
        )
        visible_solution_code = visit.page.evaluate(
            """() => Array.from(document.querySelectorAll('details.solution'))
                          .filter(d => d.open).length"""
        )
    finally:
        visit.close()
    assert exercises >= 3
    assert folded >= exercises and visible_solution_code == 0


@pytest.mark.parametrize("word", ["outlier", "estimator", "Legendre"])
def test_search_finds_words_from_the_book(site, browser, word):
    base, _ = site
    visit = Visit(browser, f"{base}search.html?q={word}")
    try:
        visit.page.wait_for_selector("#search-results li a", timeout=15_000)
        hits = visit.page.evaluate("() => Array.from(document.querySelectorAll('#search-results li a')).map(a => a.href)")
        assert not visit.outside and not visit.errors, (visit.outside, visit.errors)
    finally:
        visit.close()
    assert any("what-is-mse" in hit or "intro" in hit for hit in hits), hits
