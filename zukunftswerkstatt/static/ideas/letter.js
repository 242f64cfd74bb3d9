// The letter's "Print" button. A script of its own: the Content-Security-Policy forbids inline
// handlers such as onclick.
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
