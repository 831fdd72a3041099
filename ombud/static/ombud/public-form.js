// The public form. Proof of work (the ALTCHA scheme): find the number whose SHA-256 with the
// signed salt gives the challenge, and send it with the form. Nothing leaves the browser but the
// answer. Without this script the form still works, under a lower limit per address.
(function () {
  "use strict";
  const form = document.querySelector("form[data-proof-form]");
  const field = document.getElementById("id_proof");
  const status = document.getElementById("proof-status");
  if (!form || !field || !window.crypto || !crypto.subtle) return;
  const puzzle = JSON.parse(field.dataset.puzzle);
  const encoder = new TextEncoder();

  async function hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // A browser may settle each digest without returning to its event loop: give the loop a turn
  // now and then, so that the page is drawn and answers while the search goes on.
  function breather() {
    return new Promise(function (resume) { setTimeout(resume, 0); });
  }

  async function solve() {
    for (let number = 0; number <= puzzle.maxnumber; number++) {
      if (number % 2000 === 0) await breather();
      if ((await hex(puzzle.salt + number)) === puzzle.challenge) {
        const answer = { algorithm: puzzle.algorithm, challenge: puzzle.challenge,
                         salt: puzzle.salt, signature: puzzle.signature, number: number };
        field.value = btoa(JSON.stringify(answer));
        return;
      }
    }
  }

  const solving = solve();
  let sending = false;
  form.addEventListener("submit", function (event) {
    if (field.value || sending) return;
    event.preventDefault();
    sending = true;
    status.textContent = status.dataset.waiting || "…";
    solving.then(function () { form.submit(); });
  });
})();

// A form that came back with errors: move the focus to the list of problems, so that a screen
// reader reads it and a keyboard user starts from there (its links lead to the fields).
(function () {
  "use strict";
  const problems = document.getElementById("problems");
  if (problems) problems.focus();
})();
