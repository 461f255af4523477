//! The `shinchoku` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use shinchoku::import::{self, ImportOptions};
use shinchoku::pipeline::{self, BuildError};

#[derive(Parser)]
#[command(name = "shinchoku", version, about = "計画の進捗表から公開用の静的サイトを作ります")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// サイトを作ります（既定の出力先は public/）
    Build {
        /// サイトのフォルダ（site.toml と content/ がある場所）
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 出力先のフォルダ（既定: ROOT/public）
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 内容を検査します（何も書き出しません）
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// 進捗表（タブ区切りテキスト）を content/ に取り込みます
    Import {
        /// 取り込む表のファイル
        table: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 手で編集したファイルも上書きします
        #[arg(long)]
        force: bool,
        /// 何が変わるかを表示するだけで、書き込みません
        #[arg(long)]
        dry_run: bool,
    },
    /// 新しいサイトのひな形を作ります
    Init {
        /// 作成先のフォルダ
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Build { root, out } => {
            let report = pipeline::build(&root, out.as_deref()).map_err(build_error)?;
            eprint!("{}", report.warnings);
            eprintln!(
                "{} 件の施策から {} ファイル（{:.1} MB）を {} に書き出しました（{} ms）",
                report.measures,
                report.files,
                report.bytes as f64 / 1e6,
                report.out.display(),
                report.elapsed.as_millis()
            );
            Ok(())
        }
        Command::Check { root } => {
            let warnings = pipeline::check(&root).map_err(|d| failed(&d))?;
            eprint!("{warnings}");
            eprintln!("問題はありません（警告 {} 件）", warnings.0.len());
            Ok(())
        }
        Command::Import { table, root, force, dry_run } => {
            let report = import::run(&ImportOptions { table, root, force, dry_run })
                .map_err(|e| format!("取り込めませんでした: {e}"))?;
            eprint!("{report}");
            Ok(())
        }
        Command::Init { dir } => {
            let files = shinchoku::init::init(&dir).map_err(|e| e.to_string())?;
            for file in files {
                eprintln!("作成: {}", file.display());
            }
            eprintln!("`shinchoku build --root {}` でサイトを作れます", dir.display());
            Ok(())
        }
    }
}

fn build_error(error: BuildError) -> String {
    match error {
        BuildError::Invalid(diags) => failed(&diags),
        BuildError::Write(e) => format!("書き出せませんでした（前回の出力はそのままです）: {e}"),
    }
}

fn failed(diags: &shinchoku::diagnostics::Diagnostics) -> String {
    let errors = diags.errors().count();
    format!("{diags}エラーが {errors} 件あります。何も書き出していません（前回の出力はそのままです）\n")
}
