/* Names the text box of each admin autocomplete by its field's label.
 *
 * select2 shows the choice in a <span role="textbox"> named only by a title it sets to the
 * chosen text; with nothing chosen (an add form) the box has no name at all (axe-core:
 * aria-input-field-name), and the combobox that refers to it has none either. Loaded right
 * after Django's admin/js/autocomplete.js (fairtrade_portal/admin_widgets.py), which makes the
 * boxes when the document is ready and for each inline row added; this runs after it.
 */
'use strict';
{
    function nameBox(select) {
        const box = document.getElementById(`select2-${select.id}-container`);
        if (!box) {
            return;
        }
        const label = document.querySelector(`label[for="${select.id}"]`);
        const text = (label ? label.textContent : select.dataset.placeholder || '')
            .replace(/:\s*$/, '').trim();
        if (text) {
            box.setAttribute('aria-label', text);
        }
    }

    function nameAll() {
        document.querySelectorAll('select.admin-autocomplete').forEach((select) => {
            if (!select.name.includes('__prefix__')) {
                nameBox(select);
            }
        });
    }

    django.jQuery(nameAll);
    document.addEventListener('formset:added', () => setTimeout(nameAll, 0));
}
