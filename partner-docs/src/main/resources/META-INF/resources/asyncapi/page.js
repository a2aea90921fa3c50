// Renders docs/asyncapi.yaml (and the event schemas it references, served beside it) with the
// AsyncAPI React component's standalone bundle. No inline script, so the page works under a strict CSP.
AsyncApiStandalone.render(
  {
    schema: { url: new URL("docs/asyncapi.yaml", document.baseURI).href, options: { method: "GET" } },
    config: {
      show: { sidebar: true, info: true, servers: true, operations: true, messages: true, schemas: true, errors: true },
      sidebar: { showServers: "byDefault", showOperations: "byDefault" },
    },
  },
  document.getElementById("asyncapi"),
);
