# The checkpoint web page (docs/web.md). Its assets are assembled into BUILD/web-assets, next to
# the qrseal binary (where `qrseal web build` finds them in a build tree), and installed to
# share/qrseal/web. They need the QR reader from web/node_modules (scripts/install-web-deps runs
# npm ci from web/package-lock.json) and the engine compiled to wasm (QRSEAL_WEB_ENGINE_DIR);
# without them the page is left out and `qrseal web build` says so.
set(QRSEAL_WEB_ENGINE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/build-wasm/engine
    CACHE PATH "The qrseal wasm engine (scripts/build-wasm): qrseal-engine.mjs, its core and wasm")
set(QRSEAL_WEB_ZXING_DIR ${CMAKE_CURRENT_SOURCE_DIR}/web/node_modules/zxing-wasm)
set(QRSEAL_WEB_ASSETS_DIR ${CMAKE_BINARY_DIR}/web-assets)

if(EXISTS ${QRSEAL_WEB_ZXING_DIR}/dist/reader/zxing_reader.wasm
   AND EXISTS ${QRSEAL_WEB_ENGINE_DIR}/qrseal-engine.wasm)
  file(GLOB_RECURSE qrseal_web_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/web/site/*)
  file(GLOB qrseal_web_engine CONFIGURE_DEPENDS ${QRSEAL_WEB_ENGINE_DIR}/*.mjs
       ${QRSEAL_WEB_ENGINE_DIR}/*.wasm ${QRSEAL_WEB_ENGINE_DIR}/*.js)
  add_custom_command(
    OUTPUT ${QRSEAL_WEB_ASSETS_DIR}/index.html
    COMMAND ${CMAKE_COMMAND} -DSITE=${CMAKE_CURRENT_SOURCE_DIR}/web/site
            -DZXING=${QRSEAL_WEB_ZXING_DIR} -DENGINE=${QRSEAL_WEB_ENGINE_DIR}
            -DOUT=${QRSEAL_WEB_ASSETS_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/web_assets.cmake
    DEPENDS ${qrseal_web_sources} ${qrseal_web_engine} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/web_assets.cmake
            ${QRSEAL_WEB_ZXING_DIR}/dist/reader/zxing_reader.wasm
    COMMENT "Assembling the checkpoint page's assets in web-assets/")
  add_custom_target(web_assets ALL DEPENDS ${QRSEAL_WEB_ASSETS_DIR}/index.html)
  install(DIRECTORY ${QRSEAL_WEB_ASSETS_DIR}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/qrseal/web
          COMPONENT cli)
  message(STATUS "qrseal: the checkpoint page's assets go to ${QRSEAL_WEB_ASSETS_DIR}")
else()
  message(STATUS "qrseal: the checkpoint page is left out (no ${QRSEAL_WEB_ZXING_DIR} or no "
                 "${QRSEAL_WEB_ENGINE_DIR}/qrseal-engine.wasm: run scripts/install-web-deps and scripts/build-wasm)")
endif()
