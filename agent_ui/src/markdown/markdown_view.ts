import { html, type TemplateResult } from "lit";
import { chatTextTree, markdownTree, type MdNode } from "./safe_markdown";

/**
 * Lit templates for the safe Markdown tree (safe_markdown.ts): one fixed template per element,
 * every string through a text binding. Links open in a new tab with rel="noopener noreferrer".
 */
export function renderNodes(nodes: MdNode[]): (TemplateResult | string)[] {
  return nodes.map(renderNode);
}

function renderNode(node: MdNode): TemplateResult | string {
  if (typeof node === "string") return node;
  const c = renderNodes(node.children);
  switch (node.tag) {
    case "h1":
      return html`<h1>${c}</h1>`;
    case "h2":
      return html`<h2>${c}</h2>`;
    case "h3":
      return html`<h3>${c}</h3>`;
    case "h4":
      return html`<h4>${c}</h4>`;
    case "h5":
      return html`<h5>${c}</h5>`;
    case "h6":
      return html`<h6>${c}</h6>`;
    case "p":
      return html`<p>${c}</p>`;
    case "ul":
      return html`<ul>${c}</ul>`;
    case "ol":
      return html`<ol>${c}</ol>`;
    case "li":
      return html`<li>${c}</li>`;
    case "strong":
      return html`<strong>${c}</strong>`;
    case "em":
      return html`<em>${c}</em>`;
    case "del":
      return html`<del>${c}</del>`;
    case "code":
      return html`<code>${c}</code>`;
    case "pre":
      return html`<pre>${c}</pre>`;
    case "blockquote":
      return html`<blockquote>${c}</blockquote>`;
    case "hr":
      return html`<hr />`;
    case "br":
      return html`<br />`;
    case "a":
      return node.href
        ? html`<a href=${node.href} target="_blank" rel="noopener noreferrer">${c}</a>`
        : html`${c}`;
  }
}

/** An article's Markdown as safe DOM. */
export function renderMarkdown(source: string): TemplateResult {
  return html`${renderNodes(markdownTree(source))}`;
}

/** A chat message's text with bare http(s) and mailto addresses as links. */
export function renderChatText(text: string): TemplateResult {
  return html`${renderNodes(chatTextTree(text))}`;
}
