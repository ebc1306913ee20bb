/**
 * Picks a share of a stream of requests deterministically and evenly: the n-th request is picked when
 * floor(n × share) steps up (error diffusion). Over any run of requests the number picked is the share
 * rounded down, so hand-worked figures are exact: a share of 0.25 picks the 4th, 8th, 12th ... request.
 */
export class EvenPicker {
  private seen = 0;
  private picked = 0;
  constructor(private readonly share: number) {}

  next(): boolean {
    this.seen++;
    const due = Math.floor(this.seen * this.share + 1e-9);
    if (due > this.picked) {
      this.picked = due;
      return true;
    }
    return false;
  }
}
