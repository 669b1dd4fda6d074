"""Files and places on disk: .evd documents, templates, settings and the app's folders."""
