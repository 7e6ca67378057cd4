// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form.requestSubmit();
  }
});

// Phone header: fold the links behind the menu button (they stay open when JS is off).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".menu-toggle");
  if (!toggle) return;
  const bar = toggle.closest(".topbar");
  bar.classList.add("foldable");
  toggle.hidden = false;
  const setOpen = (open) => toggle.setAttribute("aria-expanded", String(open));
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  bar.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
});

// Comune picker on the organization form: a suggestion fills the seat or adds a served comune.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-comune]") : null;
  const picker = button ? button.closest("[data-comune-picker]") : null;
  if (!picker) return;
  const field = document.getElementById(picker.dataset.target);
  const label = button.dataset.comune;
  if (picker.dataset.mode === "set") {
    field.value = label;
  } else {
    const lines = field.value.split("\n").map((line) => line.trim()).filter(Boolean);
    if (!lines.includes(label)) lines.push(label);
    field.value = lines.join("\n");
  }
  picker.querySelector(".suggestions").replaceChildren();
  const search = picker.querySelector("input[type=search]");
  search.value = "";
  search.focus();
});

