# `cmake --install` layout for outside projects: headers, static libraries and a CMake package,
# so a user writes find_package(xfx CONFIG REQUIRED) and links xfx::client.
# Included once from the top-level CMakeLists.txt after every component's folder.
include(CMakePackageConfigHelpers)

set(XFX_INSTALL_CMAKEDIR lib/cmake/xfx)

if(TARGET xfx_client)
  install(TARGETS xfx_client EXPORT xfxTargets ARCHIVE DESTINATION lib)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/xfx/client DESTINATION include/xfx)
  install(FILES ${PROJECT_SOURCE_DIR}/include/xfx/expected.h DESTINATION include/xfx)
endif()

if(TARGET xfx_verify)
  set_target_properties(xfx_verify PROPERTIES EXPORT_NAME verify)
  install(TARGETS xfx_verify EXPORT xfxTargets ARCHIVE DESTINATION lib)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/xfx/verify DESTINATION include/xfx)
endif()

# Every component that installs into the xfxTargets export set (xfx_client here, xfx_jose in
# src/jose, ...) ends up in this one file.
install(EXPORT xfxTargets NAMESPACE xfx:: DESTINATION ${XFX_INSTALL_CMAKEDIR}
        FILE xfxTargets.cmake)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/xfxConfig.cmake.in
  ${PROJECT_BINARY_DIR}/xfxConfig.cmake
  INSTALL_DESTINATION ${XFX_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/xfxConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/xfxConfig.cmake ${PROJECT_BINARY_DIR}/xfxConfigVersion.cmake
        DESTINATION ${XFX_INSTALL_CMAKEDIR})
