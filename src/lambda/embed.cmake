# cmake -DINPUT=<file> -DOUTPUT=<file.cc> -DNAME=<identifier> -P embed.cmake
# Writes a C++ source defining the bytes of INPUT as
# localcloud::lambda::invoke::<NAME> and their count as <NAME>Size.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" digits)
math(EXPR size "${digits} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n"
       bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
     "// Generated from ${INPUT} by embed.cmake: do not edit.\n"
     "#include <cstddef>\n\n"
     "namespace localcloud::lambda::invoke {\n"
     "extern const unsigned char ${NAME}[] = {\n${bytes}\n};\n"
     "extern const std::size_t ${NAME}Size = ${size};\n"
     "}  // namespace localcloud::lambda::invoke\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
