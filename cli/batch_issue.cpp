#include "batch_issue.hpp"

#include <cstdio>
#include <iostream>
#include <qrseal/batch_issue.hpp>

#include "common.hpp"
#include "progress.hpp"

namespace qrseal::cli {

int run_batch_issue(const batch_issue_options& o, const secret_key& key) {
  qrseal::batch_issue_options b;
  b.out_dir = o.out_dir;
  b.ledger = o.ledger;
  b.iss = o.iss;
  b.iat = o.iat;
  b.validity = o.validity;
  b.mask_name = o.mask_name;
  b.body = o.no_compress ? compression::never : compression::when_shorter;
  if (o.input_format) b.input_format = take(parse_batch_format(*o.input_format), "--input-format");
  b.picture = take(parse_batch_picture(o.format), "--format");
  b.ecc = take(parse_ecc_level(o.qr.ecc), "--ecc");
  b.render = render_options{o.qr.module_px, o.qr.quiet_zone};
  b.depth = o.qr.one_bit ? png_depth::bilevel : png_depth::gray8;
  b.card = card_options_from(o.card);
  b.threads = o.threads;
  if (o.chunk_rows == 0) throw failure("--chunk-rows must be at least 1");
  b.chunk_rows = o.chunk_rows;

  batch_source source =
      o.input == "-" ? batch_source::standard_input() : take(batch_source::open(o.input));
  const auto input_size = source.size();
  batch_issuer job = take(batch_issuer::open(std::move(source), key, b));
  const batch_resume& r = job.resume();
  for (const std::string& line : batch_resume_lines(r)) std::cerr << "qrseal: " << line << "\n";

  progress_meter meter(input_size, r.skipped_bytes);
  const batch_summary s =
      take(job.run([&meter](const batch_progress& p) { meter.update(p.rows, p.input_bytes); }));
  meter.finish();
  for (const std::string& line : batch_done_lines(r, s, meter.elapsed_seconds()))
    std::cerr << "qrseal: " << line << "\n";
  return s.rejected > 0 ? exit_rows_rejected : exit_ok;
}

}  // namespace qrseal::cli
