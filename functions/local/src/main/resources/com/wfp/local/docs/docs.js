'use strict';
// Fetches the chosen OpenAPI document with the admin token and hands it to Swagger UI as a value,
// so Swagger UI itself never needs the token.
(function () {
  const form = document.getElementById('pick');
  const problem = document.getElementById('problem');

  // The API is the page's sibling: '../api/v1/' resolves against where the page was loaded, so the
  // page works at /docs/ and below a stage such as /prod/docs/.
  function documentUrl(workflow, version) {
    if (!workflow) {
      return '../api/v1/openapi.json';
    }
    const parts = workflow.split('/');
    const path = (parts.length === 1 ? ['local', 'default', parts[0]] : parts).map(encodeURIComponent).join('/');
    return '../api/v1/workflows/' + path + '/openapi.json' + (version ? '?version=' + encodeURIComponent(version) : '');
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    problem.textContent = '';
    const token = document.getElementById('token').value.trim();
    const url = documentUrl(document.getElementById('workflow').value.trim(), document.getElementById('version').value.trim());
    try {
      const response = await fetch(url, { headers: { Authorization: 'Bearer ' + token }, cache: 'no-store' });
      const body = await response.json();
      if (!response.ok) {
        const error = body && body.error ? body.error : {};
        problem.textContent = response.status + ' ' + (error.message || '') + (error.hint ? ' (' + error.hint + ')' : '');
        return;
      }
      window.SwaggerUIBundle({ spec: body, domNode: document.getElementById('ui'), supportedSubmitMethods: [] });
    } catch (failure) {
      problem.textContent = 'Could not load ' + url + ': ' + failure;
    }
  });
})();
