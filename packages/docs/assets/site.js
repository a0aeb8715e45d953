// Fills in the running mock's URL (served by the docs server as config.json) and filters the event catalog.
const configUrl = new URL('../config.json', import.meta.url);

async function showMockUrl() {
  const response = await fetch(configUrl, { cache: 'no-store' });
  if (!response.ok) return;
  const { mockUrl } = await response.json();
  if (typeof mockUrl !== 'string' || mockUrl === '') return;
  for (const span of document.querySelectorAll('.mock-url')) span.textContent = mockUrl;
  document.documentElement.dataset.mockUrl = mockUrl;
}

function wireCatalogFilter() {
  const input = document.getElementById('event-filter');
  if (!input) return;
  input.addEventListener('input', () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const event of document.querySelectorAll('article.event')) {
      const haystack = event.dataset.search ?? '';
      event.hidden = !words.every((word) => haystack.includes(word));
    }
  });
}

wireCatalogFilter();
// Opened from disk (file://) there is no config.json: the default URL in the page stands.
showMockUrl().catch(() => {});
