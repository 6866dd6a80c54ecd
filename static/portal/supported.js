// Loaded synchronously as the first element of <body> so GOV.UK Frontend's
// "JavaScript enabled" styles apply before first paint. Kept in a file
// because the Content Security Policy forbids inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
