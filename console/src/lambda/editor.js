// The code editor: CodeMirror 6 with the language of the file's extension.
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { json } from "@codemirror/lang-json";

function languageOf(name) {
  if (/\.(m|c)?[jt]sx?$/.test(name)) return javascript({ typescript: /\.tsx?$/.test(name) });
  if (name.endsWith(".py")) return python();
  if (name.endsWith(".json")) return json();
  return [];
}

// An editor in `parent` holding `doc`; `onChange(text)` runs on every edit.
// Returns {view, text(), setText(t), setLanguageFor(name)}.
export function createEditor(parent, { doc = "", name = "", onChange, label = "Code editor" } = {}) {
  const state = (text, file) => EditorState.create({
    doc: text,
    extensions: [
      basicSetup,
      keymap.of([indentWithTab]),
      languageOf(file),
      EditorView.contentAttributes.of({ "aria-label": label }),
      EditorView.updateListener.of((u) => u.docChanged && onChange?.(u.state.doc.toString())),
    ],
  });
  const view = new EditorView({ state: state(doc, name), parent });
  // Lets scripts (the browser tests) read the document as CodeMirror holds it.
  parent.editorView = view;
  return {
    view,
    text: () => view.state.doc.toString(),
    load(text, file) {
      view.setState(state(text, file));
    },
  };
}
