#!/usr/bin/python3
"""Decodes a CADU file with gr-satellites' CCSDS Reed-Solomon deframer (an implementation we did not write).

Usage: gr_satellites_deframe.py CADU_FILE FRAME_LENGTH INTERLEAVE OUTPUT
Writes one line per recovered frame to OUTPUT: the frame in hex, a space, the RS error count
gr-satellites reports. Exit 3 when gr-satellites is not importable.
Run with Debian's /usr/bin/python3, which has the gnuradio and satellites modules.
"""
import sys

try:
    import numpy
    import pmt
    from gnuradio import blocks, gr
    # gr-satellites 4.4 was written for GNU Radio 3.9, whose blocks module still had byte_t.
    if not hasattr(blocks, "byte_t"):
        blocks.byte_t = gr.types.byte_t
    from satellites.components.deframers import ccsds_rs_deframer
except ImportError as error:
    print(f"gr-satellites not available: {error}", file=sys.stderr)
    sys.exit(3)

# The file source end loses the last CADUs unless some data follows them.
TRAILING_ZERO_BYTES = 65536


class FrameCollector(gr.basic_block):
    def __init__(self):
        gr.basic_block.__init__(self, name="frame_collector", in_sig=None, out_sig=None)
        self.frames = []
        self.message_port_register_in(pmt.intern("in"))
        self.set_msg_handler(pmt.intern("in"), self.handle)

    def handle(self, message):
        errors = pmt.dict_ref(pmt.car(message), pmt.intern("rs_errors"), pmt.from_long(-1))
        self.frames.append((bytes(pmt.u8vector_elements(pmt.cdr(message))), pmt.to_python(errors)))


def main():
    path, frame_length, interleave, output = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    data = numpy.frombuffer(open(path, "rb").read() + bytes(TRAILING_ZERO_BYTES), dtype=numpy.uint8)
    # Soft symbols, MSB first: bit 1 -> +1.0, bit 0 -> -1.0.
    soft = numpy.unpackbits(data).astype(numpy.float32) * 2.0 - 1.0

    top = gr.top_block()
    source = blocks.vector_source_f(soft.tolist(), False)
    # The input has no channel errors, so only an exact ASM is a sync. With a tolerance of 4 bits the random frame
    # contents give false syncs that overlap the next real one, and which of the two gr-satellites keeps then
    # depends on how its scheduler cut the stream: under load a real frame was lost once.
    deframer = ccsds_rs_deframer(frame_size=frame_length, rs_basis="dual", rs_interleaving=interleave,
                                 scrambler="CCSDS", syncword_threshold=0)
    collector = FrameCollector()
    top.connect(source, deframer)
    top.msg_connect((deframer, "out"), (collector, "in"))
    top.run()
    top.wait()
    with open(output, "w") as out:
        for frame, errors in collector.frames:
            out.write(f"{frame.hex()} {errors}\n")


if __name__ == "__main__":
    main()
