// The API reference page (/api/docs, Hosting/ApiDocs.cs): Scalar renders the console's OpenAPI
// document. A file of its own rather than Scalar's inline bootstrap, so the page runs under the
// console's Content-Security-Policy (script-src 'self').
const app = document.getElementById('app');
window.Scalar.createApiReference(app, {
  url: app.dataset.openapi,
  // Its web fonts would come from a CDN: the policy refuses them, and a plant network may not reach it.
  withDefaultFonts: false,
  telemetry: false,
  // None of Scalar's cloud tools (AI agent, SDK generation, hosting): they would send the document to its servers.
  showDeveloperTools: 'never',
  agent: { disabled: true },
  authentication: { preferredSecurityScheme: 'ApiKey' },
});
