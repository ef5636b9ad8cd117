"""Repository, "edit this page" and issue buttons, only when the book has an address.

Set ``repository_url`` (and ``repository_branch``, ``path_to_docs``) in
``html_theme_options`` in ``_config.yml``. Empty, the default, shows no button
and no page links to a repository; set, the three buttons appear.
"""

BUTTONS = ("use_repository_button", "use_edit_page_button", "use_issues_button")


def repository_buttons(app, config):
    options = config.html_theme_options
    has_address = bool((options.get("repository_url") or "").strip())
    for button in BUTTONS:
        options[button] = has_address
    if not has_address:
        options.pop("repository_url", None)


def setup(app):
    app.connect("config-inited", repository_buttons, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
