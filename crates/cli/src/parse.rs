//! `sitrep parse`: sentences in, CoNLL-U out. From text, our segmenter splits sentences and
//! tokens; from CoNLL-U, the given sentences and FORM column are kept and UPOS, XPOS, HEAD and
//! DEPREL are filled in, so the parser can be scored against any treebank.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use sitrep_extract::Pipeline;
use sitrep_syntax::{Model, conllu};

#[derive(Args, Debug)]
pub struct ParseArgs {
    /// Files, or `-` for standard input.
    #[arg(value_name = "FILE", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Input format.
    #[arg(long = "from", value_enum, default_value_t = ParseFrom::Text)]
    pub from: ParseFrom,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ParseFrom {
    Text,
    Conllu,
}

pub fn run(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let model = Model::default_model();
    let pipeline = Pipeline::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for input in &args.inputs {
        let name = input.display().to_string();
        let mut bytes = Vec::new();
        let read = if name == "-" {
            std::io::stdin().read_to_end(&mut bytes).map(|_| ())
        } else {
            std::fs::File::open(input).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
        };
        if let Err(e) = read {
            eprintln!("error: {name}: cannot read: {e}");
            failed = true;
            continue;
        }
        let text = match sitrep_text::decode_utf8(&bytes) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                failed = true;
                continue;
            }
        };
        let mut sentences = match args.from {
            ParseFrom::Conllu => match conllu::read(text) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {name}: {e}");
                    failed = true;
                    continue;
                }
            },
            ParseFrom::Text => {
                let cleaned = sitrep_text::clean_text(text);
                let seg = pipeline.segment(&cleaned);
                (0..seg.sentences.len())
                    .map(|i| {
                        let words: Vec<&str> = seg.tokens_of(i).iter().map(|t| t.text(&cleaned)).collect();
                        let mut s = conllu::Sentence::from_forms(&words);
                        let sp = seg.sentences[i].span();
                        s.comments.push(format!("text = {}", cleaned[sp.start..sp.end].replace('\n', " ")));
                        s
                    })
                    .filter(|s| !s.words.is_empty())
                    .collect()
            }
        };
        for s in &mut sentences {
            let forms = s.forms();
            let parse = model.parse(&forms);
            s.set_parse(&parse);
        }
        out.write_all(conllu::write(&sentences).as_bytes()).context("cannot write output")?;
    }
    out.flush().ok();
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
