# Compile options every project target links PRIVATE-ly: warnings for our own code, and the
# sanitizers of PF_SANITIZE. Third-party headers come in as system includes and stay quiet.
add_library(pf_build_options INTERFACE)
add_library(pf::build_options ALIAS pf_build_options)

target_compile_features(pf_build_options INTERFACE cxx_std_17)
target_compile_options(pf_build_options INTERFACE -Wall -Wextra -Wpedantic)

if(PF_SANITIZE)
    target_compile_options(pf_build_options INTERFACE
        -fsanitize=${PF_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(pf_build_options INTERFACE -fsanitize=${PF_SANITIZE})
endif()

if(PF_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "PF_FUZZ needs clang (CXX=clang++): libFuzzer is part of clang")
    endif()
    target_compile_options(pf_build_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

find_program(PF_CCACHE ccache)
if(PF_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${PF_CCACHE} CACHE STRING "Compiler launcher")
endif()
