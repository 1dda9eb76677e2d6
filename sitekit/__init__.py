"""The kit the portal and the tracker share: site data read from `content/site/` (`sitedata`, `yamlfile`,
`errors`), the language machinery (`i18n`), the one layout and its components (`ui`, `templates/`,
`static/`), the interface catalogue (`catalogue`), the built site as a WSGI app (`static_site`) and the
project's folders (`paths`). It imports `casecore`, never `portal` or `tracker`; importing it loads no
Markdown and no figures."""
