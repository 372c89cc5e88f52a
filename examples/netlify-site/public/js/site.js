// Marks the current page's link in the navigation.
document.querySelectorAll("nav a").forEach((link) => {
  if (location.pathname.startsWith(link.getAttribute("href"))) link.setAttribute("aria-current", "page");
});
