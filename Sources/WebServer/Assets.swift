/// The assets built into the binary: one small stylesheet (screen and print). No scripts, no
/// fonts, nothing fetched from elsewhere.
enum Assets {
  static let stylesheet = """
    :root{--ink:#111;--muted:#444;--accent:#0b57a4;--met:#0b57a4;--notmet:#8a4b00;--open:#444;--bg:#fff;--note:#fff8e0}
    *{box-sizing:border-box}
    body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg);margin:0;line-height:1.5;font-size:18px}
    header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
    header nav{display:flex;gap:1.5rem;padding:.75rem 0;border-bottom:2px solid #ddd}
    a{color:var(--accent)}
    a:focus,button:focus,input:focus,select:focus,summary:focus{outline:3px solid #c60;outline-offset:2px}
    .skip{position:absolute;left:-999px}
    .skip:focus{left:1rem;top:.5rem;background:#fff;padding:.25rem .5rem;z-index:1}
    h1{font-size:1.8rem;margin:1rem 0 .5rem}
    h2{font-size:1.35rem;margin:1.5rem 0 .5rem}
    h3{font-size:1.1rem;margin:1rem 0 .25rem}
    .sub{font-weight:normal;color:var(--muted);font-size:1rem}
    .intro,.why{color:var(--muted)}
    .note{background:var(--note);border:1px solid #e0c060;padding:.5rem 1rem}
    .hint{color:#a00000;font-weight:bold}
    progress{width:100%;height:1rem}
    form.question label,form.question legend{display:block;font-size:1.3rem;font-weight:600;margin:1rem 0 .5rem}
    form.question label.secondary{font-size:1rem;font-weight:normal;margin-top:1.25rem}
    fieldset{border:1px solid #bbb;padding:.5rem 1rem 1rem;margin:1rem 0}
    button{font:inherit;padding:.5rem 1.1rem;margin:.25rem .25rem .25rem 0;border:2px solid var(--accent);background:#fff;color:var(--accent);border-radius:4px;cursor:pointer}
    button:hover{background:#eef4fb}
    input,select{font:inherit;padding:.4rem;border:2px solid #666;border-radius:4px;max-width:100%}
    .controls{margin-top:1.5rem}
    .outcome{white-space:nowrap}
    .outcome.met{color:var(--met)}
    .outcome.not-met{color:var(--notmet)}
    .outcome.open{color:var(--open)}
    ul.first{list-style:none;padding:0;font-size:1.15rem}
    section.kind{border-left:4px solid #ccc;padding-left:1rem;margin:1rem 0}
    figure.map{margin:1rem 0}
    figure.map img{max-width:100%;height:auto;border:1px solid #ddd}
    .nav-forms form{margin:.75rem 0}
    .nav-forms label{margin-right:.5rem}
    table{border-collapse:collapse;margin:1rem 0;font-size:.95rem}
    caption{text-align:left;font-weight:600;padding:.25rem 0}
    th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
    thead th{background:#eee}
    .wide{overflow-x:auto}
    .wide table{font-size:12px}
    td.uncertain{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#f1e4b0 4px,#f1e4b0 8px);font-style:italic}
    .cite{color:var(--muted);font-size:.9rem}
    pre{white-space:pre-wrap;word-break:break-word;background:#f5f5f5;padding:.5rem;font-size:.85rem}
    ul.tree{font-size:.95rem}
    footer{margin-top:3rem;border-top:2px solid #ddd;color:var(--muted);font-size:.9rem}
    @media print{
      header,footer,.screen-only,.skip,form,button{display:none}
      body{font-size:10.5pt;line-height:1.3}
      main{max-width:none;padding:0}
      h1{font-size:15pt;margin:0 0 .3rem}
      h2{font-size:12pt;margin:.6rem 0 .2rem}
      h3{font-size:11pt;margin:.4rem 0 .1rem}
      section.kind{border-left:2px solid #999;margin:.3rem 0}
      ul.open{font-size:9pt}
      a{color:#000;text-decoration:none}
      @page{margin:1.5cm}
    }

    """
}
