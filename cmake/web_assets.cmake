# Script mode (cmake -P): assembles the checkpoint page's assets into OUT, as `qrseal web build`
# reads them: the page (web/site), the QR reader from npm's zxing-wasm (its ES module, shared
# chunk, wasm and licence; never a CDN) and the qrseal engine (ENGINE: qrseal-engine.mjs and its
# wasm). Called by the web_assets target (cmake/web.cmake).
foreach(var SITE ZXING ENGINE OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "web_assets.cmake: -D${var}=... is missing")
  endif()
endforeach()
file(REMOVE_RECURSE ${OUT})
file(COPY ${SITE}/ DESTINATION ${OUT})
file(COPY ${ZXING}/dist/es/reader/index.js DESTINATION ${OUT}/vendor/zxing/reader)
file(COPY ${ZXING}/dist/es/share.js ${ZXING}/dist/reader/zxing_reader.wasm ${ZXING}/LICENSE
     DESTINATION ${OUT}/vendor/zxing)
file(GLOB engine_files ${ENGINE}/*.mjs ${ENGINE}/*.wasm ${ENGINE}/*.js)
file(COPY ${engine_files} DESTINATION ${OUT}/engine)
