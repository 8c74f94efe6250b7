// The print button on "My questions for the doctor". It is hidden until this script
// runs, so a browser without JavaScript never shows a button that does nothing; phones
// without a Print menu item get the system print / "save as PDF" sheet from it.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
