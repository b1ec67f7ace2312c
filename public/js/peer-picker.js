// Peer picker, progressively enhanced: the filter hides cities as you type (the form's
// Filter button does the same on the server without script), and ticking a city
// chooses "Cities I tick".
(function () {
  const picker = document.getElementById('peer-picker');
  if (!picker) return;
  const filter = document.getElementById('peer-filter');
  const listChoice = document.getElementById('peer-list-choice');
  const count = document.getElementById('peer-ticked-count');
  const boxes = Array.from(picker.querySelectorAll('input[name="peer"]'));
  const fold = (s) =>
    s
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .trim();
  const showCount = () => {
    if (count) count.textContent = count.dataset.template.replace('{n}', String(boxes.filter((b) => b.checked).length));
  };
  if (filter) {
    filter.addEventListener('input', () => {
      const key = fold(filter.value);
      for (const box of boxes) {
        const item = box.closest('li');
        item.hidden = !(box.checked || key === '' || fold(item.dataset.name || '').includes(key));
      }
    });
    // Enter in the filter box filters; it does not submit the whole form.
    filter.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') event.preventDefault();
    });
  }
  for (const box of boxes) {
    box.addEventListener('change', () => {
      if (listChoice) listChoice.checked = true;
      showCount();
    });
  }
})();
