// Security keys and passkeys: asks the browser for a new credential ("create") or a signature
// ("get") with the options the page carries, puts the browser's JSON answer into the form and
// sends it. Without this script, or in a browser without WebAuthn, the buttons stay hidden and
// the codes still work.
(function () {
  "use strict";
  const supported = window.PublicKeyCredential &&
    PublicKeyCredential.parseCreationOptionsFromJSON && PublicKeyCredential.parseRequestOptionsFromJSON;
  for (const button of document.querySelectorAll("button[data-webauthn]")) {
    if (!supported) continue;
    button.hidden = false;
    button.addEventListener("click", async function () {
      const form = button.form;
      const status = document.getElementById(button.dataset.status);
      const options = JSON.parse(document.getElementById(button.dataset.options).textContent);
      status.textContent = "";
      try {
        const credential = button.dataset.webauthn === "create"
          ? await navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)})
          : await navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)});
        form.elements.credential.value = JSON.stringify(credential.toJSON());
        form.submit();
      } catch (error) {
        status.textContent = button.dataset.failed;
      }
    });
  }
})();
