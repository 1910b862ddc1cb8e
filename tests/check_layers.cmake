# The core's layers point one way (docs/design.md): a file in a layer includes headers of its
# own layer and of the layers below it, never above. Run by CTest:
#   cmake -DSOURCE_DIR=<repository> -P tests/check_layers.cmake
cmake_minimum_required(VERSION 3.16)

# Each layer with its rank; a layer may include ranks <= its own.
set(PF_LAYERS
    common:0 io:1 metrics:1 distributed:1 data:2 models:3 config:4 learners:5 experiment:6 training:7 run:8)
# Known exceptions as "file>header", each with its reason (none today).
set(PF_ALLOWED "")

foreach(entry IN LISTS PF_LAYERS)
    string(REPLACE ":" ";" pair "${entry}")
    list(GET pair 0 name)
    list(GET pair 1 rank)
    set(rank_${name} ${rank})
endforeach()

set(violations "")
foreach(entry IN LISTS PF_LAYERS)
    string(REPLACE ":" ";" pair "${entry}")
    list(GET pair 0 layer)
    file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}/core"
         "${SOURCE_DIR}/core/${layer}/*.h" "${SOURCE_DIR}/core/${layer}/*.cpp")
    foreach(file IN LISTS files)
        file(STRINGS "${SOURCE_DIR}/core/${file}" includes REGEX "^#include \"[a-z_]+/")
        foreach(line IN LISTS includes)
            string(REGEX REPLACE "^#include \"(([a-z_]+)/[^\"]+)\".*" "\\1" header "${line}")
            string(REGEX REPLACE "^#include \"([a-z_]+)/.*" "\\1" target "${line}")
            if(NOT DEFINED rank_${target})
                list(APPEND violations "${file} includes ${header}: not a core layer")
            elseif(rank_${target} GREATER rank_${layer} AND NOT "${file}>${header}" IN_LIST PF_ALLOWED)
                list(APPEND violations "${file} (${layer}) includes ${header} (${target}, a higher layer)")
            endif()
        endforeach()
    endforeach()
endforeach()

# Every folder of the core is a layer.
file(GLOB folders LIST_DIRECTORIES true "${SOURCE_DIR}/core/*")
foreach(folder IN LISTS folders)
    get_filename_component(name "${folder}" NAME)
    if(IS_DIRECTORY "${folder}" AND NOT DEFINED rank_${name})
        list(APPEND violations "core/${name}/ is in no layer: add it to PF_LAYERS")
    endif()
endforeach()

if(violations)
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "layer violations:\n  ${text}")
endif()
message(STATUS "core layers: every include points down")
